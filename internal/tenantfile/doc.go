// Package tenantfile reads and writes tenant files: the YAML that seeds a
// simulated Microsoft Graph tenant with users, groups and what they hold.
package tenantfile
