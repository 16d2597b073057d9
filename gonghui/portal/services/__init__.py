"""Every write the portal makes, one module per part: `accounts` (register, log in, certify),
`joining` (join applications, member requests, the e-card)."""
