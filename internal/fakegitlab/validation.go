package fakegitlab

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabscopes"
	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/redirecturi"
)

// The model's validation (Doorkeeper's application model as GitLab configures it). The redirect-URI
// rules are internal/redirecturi, the same code the provider plans with: its verdict table pins them
// to GitLab's, and a fuzz test checks that the provider and this server agree over HTTP.

// Messages of the model, under {"message":{"<attribute>":[...]}}.
const (
	msgBlank          = "can't be blank"
	msgScopesMismatch = "doesn't match configured on the server."
)

// splitScopes splits on whitespace, dropping duplicates and keeping the order, as Doorkeeper stores them.
func splitScopes(raw string) []string {
	var out []string
	for _, scope := range strings.Fields(raw) {
		if !slices.Contains(out, scope) {
			out = append(out, scope)
		}
	}
	return out
}

// validate is the model's validation of a whole record, on create and on update alike (Rails
// validates every attribute on save). Its answer lists the attributes in the model's order:
// name, redirect_uri, scopes.
func (s *Server) validate(name, redirectURI string, scopes []string) *response {
	var errs orderedObject
	if strings.TrimSpace(name) == "" {
		errs = append(errs, field{"name", []string{msgBlank}})
	}
	uriMessages, serverError := redirecturi.GitLabMessages(redirectURI)
	if serverError { // the uri gem raised an error Doorkeeper does not rescue
		return messageError(http.StatusInternalServerError, "500 Internal Server Error")
	}
	if uriMessages != nil {
		errs = append(errs, field{"redirect_uri", uriMessages})
	}
	for _, scope := range scopes {
		if !s.knownScope(scope) {
			errs = append(errs, field{"scopes", []string{msgScopesMismatch}})
			break
		}
	}
	if errs == nil {
		return nil
	}
	return jsonResponse(http.StatusBadRequest, orderedObject{{"message", errs}})
}

// knownScope: exact and case-sensitive, or the dynamic user:<something>.
func (s *Server) knownScope(scope string) bool {
	return slices.Contains(s.scopes, scope) || gitlabscopes.IsDynamic(scope)
}
