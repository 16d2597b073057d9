"""Every write the portal makes, by part: `accounts` (register, log in, certify) and `joining`
(join applications, member requests, the e-card), each a package split by use case; `consent`."""
