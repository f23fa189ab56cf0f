"""Make each output once per change: the steps, what each read, and the sealed cache that keeps
them between builds."""
