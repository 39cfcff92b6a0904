"""Training the NER + relation model from annotations."""
