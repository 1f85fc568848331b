package sqlstore

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one forward-only schema step, from a file named
// NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the *.sql files of dir in fsys. Their versions must
// run 1, 2, 3, ... without gaps.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || name == "" {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration versions must run 1, 2, 3, ...: found %d at position %d", m.Version, i+1)
		}
	}
	return ms, nil
}

// Applied is a row of schema_migrations.
type Applied struct {
	Version int
	Name    string
}

// Pending checks the applied migrations against the known ones and returns
// those still to apply. It fails with a *SchemaError when the database has
// a version this binary does not know (a newer binary migrated it) or when
// the applied history differs from the known one.
func Pending(known []Migration, applied []Applied) ([]Migration, error) {
	for i, a := range applied {
		switch {
		case a.Version > len(known):
			return nil, &SchemaError{Newer: true, Version: maxVersion(applied), Known: len(known)}
		case a.Version != i+1 || known[i].Name != a.Name:
			return nil, &SchemaError{Version: a.Version, Known: len(known),
				Detail: fmt.Sprintf("migration %d is recorded as %q, this binary's is %q", a.Version, a.Name, known[min(a.Version, len(known))-1].Name)}
		}
	}
	return known[len(applied):], nil
}

func maxVersion(applied []Applied) int {
	v := 0
	for _, a := range applied {
		v = max(v, a.Version)
	}
	return v
}

// SchemaError describes a database whose schema this binary cannot use.
type SchemaError struct {
	// Newer is true when the database's schema version is newer than the
	// binary's.
	Newer bool
	// Version is the database's schema version, Known the binary's.
	Version, Known int
	// Detail explains a history that differs from the binary's.
	Detail string
}

// Error describes the mismatch and what to do about it.
func (e *SchemaError) Error() string {
	if e.Newer {
		return fmt.Sprintf("the database's schema version %d is newer than this program knows (%d): upgrade the program (vpos), never downgrade a database", e.Version, e.Known)
	}
	return "the database's migration history differs from this program's: " + e.Detail
}
