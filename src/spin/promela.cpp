// Placeholder: the Promela emitter lands here (issue 4).
