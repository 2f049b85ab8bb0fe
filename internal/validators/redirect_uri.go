package validators

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CheckRedirectURIs applies GitLab's (Doorkeeper's) redirect-URI rules to each whitespace-separated URI,
// in GitLab's order, and returns an error naming the first URI that breaks one and the rule.
func CheckRedirectURIs(value string) error {
	uris := strings.Fields(value)
	if len(uris) == 0 {
		return errors.New("redirect_uri can't be blank: give at least one URI")
	}
	for _, uri := range uris {
		if rule := redirectURIRule(uri); rule != "" {
			return fmt.Errorf("redirect URI %q %s", uri, rule)
		}
	}
	return nil
}

// redirectURIRule returns the rule a URI breaks, worded as GitLab words it, or "".
func redirectURIRule(uri string) string {
	// Doorkeeper's native redirect for applications that show the code to the user.
	if uri == "urn:ietf:wg:oauth:2.0:oob" {
		return ""
	}
	u, err := url.Parse(uri)
	if err != nil {
		return "must be a valid URI."
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "data" || scheme == "vbscript" || scheme == "javascript":
		return "is forbidden by the server."
	case u.Fragment != "" || strings.Contains(uri, "#"):
		return "cannot contain a fragment."
	case u.Opaque != "" || scheme == "localhost":
		// "localhost:3000/cb" parses as scheme "localhost": the scheme was forgotten.
		return "must specify a scheme."
	case scheme == "":
		return "must be an absolute URI."
	case (scheme == "http" || scheme == "https") && u.Host == "":
		return "must be a valid URI."
	}
	return ""
}
