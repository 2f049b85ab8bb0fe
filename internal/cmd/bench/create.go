package main

import (
	"context"
	"fmt"
	"strings"
)

// createApply times one apply, from a fresh state, that creates n new applications on an instance
// that already has `background` others.
func (b *bench) createApply(ctx context.Context, n int, r *report) error {
	fake, err := b.startFake(ctx, background)
	if err != nil {
		return err
	}
	defer fake.stop()
	dir, err := b.workdir("create", createConfig(fake.url, n))
	if err != nil {
		return err
	}
	fmt.Printf("\nApplying a configuration that creates %d applications (-parallelism=10, the default)\n", n)
	if err := fake.resetStats(ctx); err != nil {
		return err
	}
	out, err := b.terraform(ctx, dir, nil, "apply", "-auto-approve", "-input=false", "-lock=false", "-no-color", "-parallelism=10")
	if err != nil {
		return err
	}
	if err := out.mustSucceed("the create apply"); err != nil {
		return err
	}
	if summary := fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed.", n); !strings.Contains(out.text, summary) {
		return fmt.Errorf("the create apply did not say %q:\n%s", summary, tail(out.text))
	}
	stats, err := fake.stats(ctx)
	if err != nil {
		return err
	}
	if creates := stats["POST /api/v4/applications"]; creates != n {
		return fmt.Errorf("the create apply sent %d creates to GitLab, want %d", creates, n)
	}
	r.CreateApply = &createResult{Applications: n, Seconds: out.elapsed.Seconds(), Requests: stats}
	return nil
}
