import java.nio.file.*

// build.log holds both builds, one after the other.
def log = new File(basedir, 'build.log').text
def second = log.indexOf('[INFO] Building nested-pairs 1.0', log.indexOf('[INFO] Building nested-pairs 1.0') + 1)
assert second > 0 : 'two builds expected'
def first = log.substring(0, second)
def again = log.substring(second)
def classes = basedir.toPath().resolve('target/classes')

// Build 1: both walkers and the pair class, listed for NestedWalkers.find.
assert first =~ /ptdesc: checked 2 descriptors and 1 pair in \S+: no errors/
assert first.contains('ptdesc: compiled x86_64.ptdesc (new)')
assert first.contains('ptdesc: compiled intel_ept.ptdesc (new)')
assert first.contains('[INFO] ptdesc: generated pair x86_64.ptdesc#x86_64 over intel_ept.ptdesc#intel_ept (new):'
        + ' org.ptdesc.walkers.X86_64OverIntel_EptNestedWalker')
assert first =~ /ptdesc: 2 descriptors compiled into \S+, 0 up to date, 0 removed; 1 pair generated, 0 up to date/
assert Files.isRegularFile(classes.resolve('org/ptdesc/walkers/X86_64OverIntel_EptNestedWalker.class'))
assert Files.readAllLines(classes.resolve('META-INF/ptdesc/nested-walkers')) ==
        ['x86_64 intel_ept org.ptdesc.walkers.X86_64OverIntel_EptNestedWalker']
// The pair class is no TreeWalker: the walkers' service file lists the two walkers alone.
def services = Files.readAllLines(classes.resolve('META-INF/services/org.ptdesc.runtime.TreeWalker'))
assert services.sort() == ['org.ptdesc.walkers.Intel_EptWalker', 'org.ptdesc.walkers.X86_64Walker'] : services

// The project's tests found the pair through the runtime and translated the hand-built tree.
assert first =~ /Tests run: [1-9]\d*, Failures: 0, Errors: 0, Skipped: 0/
assert first.contains('BUILD SUCCESS')

// Build 2: nothing changed, nothing generated.
assert again.contains('ptdesc: nothing to compile, all 2 descriptors and 1 pair up to date')
assert !again.contains('generated pair')
assert again.contains('BUILD SUCCESS')

// The jar carries the pair class and its listing.
def jar = new java.util.zip.ZipFile(new File(basedir, 'target/nested-pairs-1.0.jar'))
try {
    assert jar.getEntry('org/ptdesc/walkers/X86_64OverIntel_EptNestedWalker.class') != null
    assert jar.getEntry('META-INF/ptdesc/nested-walkers') != null
} finally {
    jar.close()
}
return true
