"""The nightly rhythm around the check-in: `status` (where you both stand
today, cheap enough for every new shell) and `remind` (a daily reminder
that stays quiet once you have checked in)."""
