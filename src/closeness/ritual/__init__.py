"""The nightly ritual's flows: the check-in and setting up (`init`)."""
