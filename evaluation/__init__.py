"""Evaluation harness: strict span metrics, relation and fact scores, benchmarks."""
