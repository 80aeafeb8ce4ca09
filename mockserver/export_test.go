package mockserver

// RewordNearMisses changes the words of every near-miss format for a test,
// keeping their verbs, and returns a function that puts them back.
func RewordNearMisses() (restore func()) {
	vars := []*string{&missNoMatch, &missNoMethod, &missEmptySet, &missScenario, &missMethodsOr, &missPartsJoin,
		&missHeader, &missQuery, &missPathVar, &missBody, &missCondDiffers, &missCondMissing, &missCondUnwanted,
		&missMethodDiffers, &missSegmentDiffers, &missPathLonger, &missPathShorter, &missPathPattern,
		&missStateDiffers, &missBodyNotJSON, &missBodyLacks}
	old := make([]string, len(vars))
	for i, v := range vars {
		old[i] = *v
		*v = "«reworded» " + *v
	}
	return func() {
		for i, v := range vars {
			*v = old[i]
		}
	}
}
