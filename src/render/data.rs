//! Open data: the target registry with resolved locations as JSON and CSV.
