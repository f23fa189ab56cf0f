"""Machine-readable outputs, one module each: calendars, schedule feeds, search and previews.

Every module is a pure function from the model and the build's `Settings` to what it makes;
`build.py` names each one and writes what they return.
"""
