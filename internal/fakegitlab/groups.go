package fakegitlab

import (
	"fmt"
	"strconv"
	"strings"
)

// Role is a member's role in a group, with GitLab's access level as its value.
type Role int

// The roles of a group member, lowest first.
const (
	RoleGuest      Role = 10
	RoleReporter   Role = 20
	RoleDeveloper  Role = 30
	RoleMaintainer Role = 40
	RoleOwner      Role = 50
)

func (r Role) String() string {
	switch r {
	case RoleGuest:
		return "Guest"
	case RoleReporter:
		return "Reporter"
	case RoleDeveloper:
		return "Developer"
	case RoleMaintainer:
		return "Maintainer"
	case RoleOwner:
		return "Owner"
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// Groups registered on every fake GitLab. UserUsername owns GroupPath, where OtherUsername is a
// Maintainer; OtherUsername owns OtherGroupPath, where UserUsername is not a member.
const (
	GroupPath      = "acme/platform"
	OtherGroupPath = "acme/other"
)

// Group is a GitLab group: its numeric id and its full path (parent groups included, such as
// acme/platform).
type Group struct {
	ID       int64
	FullPath string
}

// group is a Group with its members. Groups are private: only members (and administrators) see them.
type group struct {
	Group
	members map[int64]Role // user id → role
}

// firstGroupID starts group ids far from user and application ids, so that a test which mixes them up
// fails instead of hitting another object by chance.
const firstGroupID = 1001

// AddGroup registers a private group without members and returns it. Full paths are unique (GitLab
// compares them ignoring case): AddGroup panics on a taken one.
func (s *Server) AddGroup(fullPath string) Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.groupByPath(fullPath); ok {
		panic(fmt.Sprintf("fakegitlab: group %q already exists", fullPath))
	}
	g := &group{Group: Group{ID: firstGroupID + int64(len(s.groups)), FullPath: fullPath}, members: map[int64]Role{}}
	s.groups[g.ID] = g
	return g.Group
}

// AddGroupMember makes the user a member of the group with this role, or changes their role. It
// panics on an unknown group or user, which is a bug in the test.
func (s *Server) AddGroupMember(groupID, userID int64, role Role) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.groups[groupID]
	if !ok {
		panic(fmt.Sprintf("fakegitlab: AddGroupMember to unknown group %d", groupID))
	}
	if _, ok := s.users[userID]; !ok {
		panic(fmt.Sprintf("fakegitlab: AddGroupMember of unknown user %d", userID))
	}
	g.members[userID] = role
}

// GroupByPath finds a group by its full path, ignoring case as GitLab does.
func (s *Server) GroupByPath(fullPath string) (Group, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.groupByPath(fullPath)
	if !ok {
		return Group{}, false
	}
	return g.Group, true
}

// groupByPath: called with s.mu held.
func (s *Server) groupByPath(fullPath string) (*group, bool) {
	for _, g := range s.groups {
		if strings.EqualFold(g.FullPath, fullPath) {
			return g, true
		}
	}
	return nil, false
}

// addDefaultGroups registers GroupPath and OtherGroupPath with their members.
func (s *Server) addDefaultGroups(user, other int64) {
	platform := s.AddGroup(GroupPath)
	s.AddGroupMember(platform.ID, user, RoleOwner)
	s.AddGroupMember(platform.ID, other, RoleMaintainer)
	s.AddGroupMember(s.AddGroup(OtherGroupPath).ID, other, RoleOwner)
}

// findGroup is GitLab's find_group! for the path's :id (already URL-decoded): a number is an id,
// anything else a full path. A group the caller cannot see is answered like one that does not exist.
// Then the route's authorization: only an Owner (or an administrator) manages its applications.
func (s *Server) findGroup(c *call, rawID string) (Group, *response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *group
	if id, err := strconv.ParseInt(rawID, 10, 64); err == nil {
		g = s.groups[id]
	} else {
		g, _ = s.groupByPath(rawID)
	}
	admin := s.actsAsAdmin(c.caller)
	role, member := Role(0), false
	if g != nil {
		role, member = g.members[c.caller.user.id]
	}
	switch {
	case g == nil || (!member && !admin):
		return Group{}, groupNotFound()
	case role < RoleOwner && !admin:
		return Group{}, forbidden()
	}
	return g.Group, nil
}
