// Reads "A<TAB>B" lines on stdin and prints the sign of Maven's ComparableVersion comparison of A
// with B as "<", "=" or ">", one line per pair. Run by maven_oracle.sh.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

class MavenOracle {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintWriter out = new PrintWriter(System.out);
    for (String line; (line = in.readLine()) != null;) {
      int tab = line.indexOf('\t');
      int c = new ComparableVersion(line.substring(0, tab)).compareTo(new ComparableVersion(line.substring(tab + 1)));
      out.println(c < 0 ? "<" : c > 0 ? ">" : "=");
    }
    out.flush();
  }
}
