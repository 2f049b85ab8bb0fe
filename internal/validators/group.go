package validators

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// GroupReference accepts a group's numeric id or its full path (`acme/platform`), as GitLab's
// `/groups/:id` routes take them. A path never holds `:` (it separates the group from the application
// id in import ids) or whitespace, and has no empty segment.
func GroupReference() validator.String {
	return stringCheck{
		description: "a group's numeric id or full path",
		check: func(v string) []string {
			switch {
			case strings.TrimSpace(v) == "":
				return []string{"group can't be blank: give the group's full path, such as acme/platform, or its numeric id"}
			case strings.ContainsAny(v, ": \t\r\n"):
				return []string{fmt.Sprintf("%q is not a group: a group's full path, such as acme/platform, holds no `:` or whitespace", v)}
			case strings.HasPrefix(v, "/") || strings.HasSuffix(v, "/") || strings.Contains(v, "//"):
				return []string{fmt.Sprintf("%q is not a group's full path: write it as GitLab shows it, such as acme/platform, without a leading or trailing `/`", v)}
			}
			return nil
		},
	}
}
