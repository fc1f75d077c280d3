#!/bin/sh
# Maven oracle: compiles maven_oracle.java against Debian's maven-artifact jar into a temporary
# directory and runs it once over all the pairs on stdin.
set -e
jar="${MAVEN_ARTIFACT_JAR:-/usr/share/maven/lib/maven-artifact-3.x.jar}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
javac -nowarn -d "$dir" -cp "$jar" "$(dirname "$0")/maven_oracle.java"
java -cp "$dir:$jar" MavenOracle
