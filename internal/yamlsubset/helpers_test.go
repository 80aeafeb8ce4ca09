package yamlsubset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// reference parses data as strictyaml.ParseDocument does, with yaml.v3,
// returning the document node with its comments cleared.
func reference(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("more than one document (%v)", err)
	}
	clearComments(&doc)
	return &doc, nil
}

// clearComments empties the comments of n and of every node under it.
func clearComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		clearComments(c)
	}
}

// dump writes n and the nodes under it, one a line, for messages.
func dump(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "%s%d:%d kind=%d style=%d tag=%q value=%q anchor=%q alias=%v\n", strings.Repeat("  ", depth), n.Line, n.Column, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Alias != nil)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// same compares the fast reader's answer for data with yaml.v3's,
// returning a description of any difference: when the fast reader
// accepts data, yaml.v3 must parse it without error into a tree deeply
// equal to the fast reader's.
func same(data []byte) (accepted bool, problem string) {
	fast, ok := Parse(data)
	if !ok {
		if fast != nil {
			return false, "declined with a node"
		}
		return false, ""
	}
	ref, err := reference(data)
	if err != nil {
		return true, fmt.Sprintf("accepted, but yaml.v3 says: %v", err)
	}
	if !reflect.DeepEqual(fast, ref) {
		return true, fmt.Sprintf("trees differ\nfast:\n%s\nyaml.v3:\n%s", dump(fast), dump(ref))
	}
	return true, ""
}
