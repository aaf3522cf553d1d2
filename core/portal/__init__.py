"""The public pages of a tenant: how to complain, the complaint form, the status page."""
