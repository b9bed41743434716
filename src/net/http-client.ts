// Placeholder: the shared HTTP client is being written (see the helper task). Interface below is fixed.
export {};
