"""Customer service: inquiries, complaints and after-sales cases (SVC-1 to SVC-3)."""
