"""Complaint cases: the model, intake (registration) and who may see what."""
