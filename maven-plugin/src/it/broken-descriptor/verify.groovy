import java.nio.file.*

def log = new File(basedir, 'build.log').text

// Every diagnostic located, at error level, and a summary as the failure's reason.
assert log =~ /\[ERROR\] \S*broken\.ptdesc:9:\d+: error: /
assert log =~ /\[ERROR\] \S*broken\.ptdesc:13:\d+: error: /
assert log.contains('ptdesc: 2 errors in 1 descriptor')

// The good descriptor compiled; the broken one left nothing behind.
def classes = Paths.get(basedir.path, 'target/classes')
assert log.contains('ptdesc: compiled good.ptdesc (new)')
def services = Files.readAllLines(classes.resolve('META-INF/services/org.ptdesc.runtime.TreeWalker'))
assert services.size() == 1 : services
Files.walk(classes).withCloseable { files ->
    def generated = files.filter { it.toString().endsWith('.class') }.toList()
    assert generated.size() == 1 : generated
}
return true
