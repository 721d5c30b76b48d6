"""Expert review: conflicts of interest, assignment, aggregation of scores, the agency's report."""
