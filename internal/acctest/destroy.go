package acctest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/gitlab-oauth/terraform-provider-gitlab/internal/gitlabclient"
)

// CheckDestroy proves that the destroy removed every application the state held before it, by asking
// GitLab through the client, on the fake and on a real GitLab alike: an instance application must be
// missing from the instance list, a user or a group application must answer 404.
func (e *Env) CheckDestroy() func(*terraform.State) error {
	return func(s *terraform.State) error {
		ctx := context.Background()
		var errs []error
		for address, rs := range s.RootModule().Resources {
			check, ok := goneChecks[rs.Type]
			if !ok || strings.HasPrefix(address, "data.") {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: id %q is not an application id", address, rs.Primary.ID))
				continue
			}
			err = check(ctx, e, rs.Primary.Attributes, id)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s (application %d) after destroy: %w", address, id, err))
			}
		}
		return errors.Join(errs...)
	}
}

// goneChecks ask GitLab whether an application of each resource type is gone.
var goneChecks = map[string]func(ctx context.Context, e *Env, attributes map[string]string, id int64) error{
	"gitlab_instance_application": func(ctx context.Context, e *Env, _ map[string]string, id int64) error {
		return e.checkInstanceApplicationGone(ctx, id)
	},
	"gitlab_user_application": func(ctx context.Context, e *Env, _ map[string]string, id int64) error {
		return e.checkUserApplicationGone(ctx, id)
	},
	"gitlab_group_application": func(ctx context.Context, e *Env, attributes map[string]string, id int64) error {
		_, err := e.Client(e.GroupToken).GetGroupApplication(ctx, attributes["group"], id)
		return expectNotFound(err)
	},
}

func (e *Env) checkInstanceApplicationGone(ctx context.Context, id int64) error {
	apps, err := e.Client(e.AdminToken).ListInstanceApplications(ctx)
	if err != nil {
		return err
	}
	for _, app := range apps {
		if app.ID == id {
			return errors.New("it still exists")
		}
	}
	return nil
}

// checkUserApplicationGone asks as each user the test knows (the administrator has applications of its
// own too): the owner answers 404 once it is gone, anyone else 403 whether it exists or not.
func (e *Env) checkUserApplicationGone(ctx context.Context, id int64) error {
	for _, token := range []string{e.UserToken, e.OtherUserToken, e.AdminToken} {
		if token == "" {
			continue
		}
		_, err := e.Client(token).GetUserApplication(ctx, id)
		if errors.Is(err, gitlabclient.ErrForbidden) {
			continue
		}
		return expectNotFound(err)
	}
	return errors.New("no known user's token could tell whether it is gone (every one got 403)")
}

func expectNotFound(err error) error {
	switch {
	case err == nil:
		return errors.New("it still exists")
	case errors.Is(err, gitlabclient.ErrNotFound):
		return nil
	default:
		return fmt.Errorf("GitLab did not answer 404: %w", err)
	}
}
