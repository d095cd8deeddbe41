import java.nio.file.*

// build.log holds both builds, one after the other.
def log = new File(basedir, 'build.log').text
def second = log.indexOf('[INFO] Building parameters 1.0', log.indexOf('[INFO] Building parameters 1.0') + 1)
assert second > 0 : 'two builds expected'
def first = log.substring(0, second)
def typo = log.substring(second)

// Build 1: each descriptor got the parameters it declares, and only those.
assert first =~ /ptdesc: compiled x86_64\.ptdesc \(new\): \S+; parameters MAXPHYADDR=46\n/
assert first =~ /ptdesc: compiled intel_ept\.ptdesc \(new\): \S+; parameters EXECUTE_ONLY=0, MAXPHYADDR=39\n/
assert first =~ /ptdesc: compiled linus_x86_64\.ptdesc \(new\): \S+\n/
assert first.contains('ptdesc: checked 3 descriptors in') && first.contains(': no errors')
assert first.contains('BUILD SUCCESS')
def services = Files.readAllLines(basedir.toPath().resolve('target/classes/META-INF/services/org.ptdesc.runtime.TreeWalker'))
assert services.size() == 3 : services

// Build 2: the misspelt plugin-wide parameter is declared by no descriptor.
assert typo =~ /\[ERROR\] ptdesc: error: parameter override 'MAXPHYADR' of <parameters> names no parameter of any descriptor in \S+/
assert typo.contains('ptdesc: 1 error in the configuration')
assert typo.contains('BUILD FAILURE')
return true
