// Placeholder: the learner lands here (issue 5).
