"""工匠学院 and skills training: offline classes (this package) and online courses (`online`)."""
