// Package docsexamples checks the HCL examples users read (README.md, templates/ and examples/) with a
// real CLI: formatted, valid, and applied against the fake GitLab. Its test runs once per CLI family
// (make test runs it with the terraform on PATH and with OpenTofu), not on every CLI of the acceptance
// matrix: it proves the documentation right, while the matrix proves each CLI version handles the
// provider.
package docsexamples
