"""Accounts: the e-mail log-in user model, the name printed on certificates, and the profile
page, to which higher layers add sections (`accounts.profile`). Imports no other app."""
