import java.nio.file.*

def log = new File(basedir, 'build.log').text
def classes = basedir.toPath().resolve('target/classes')
def testClasses = basedir.toPath().resolve('target/test-classes')

assert log.contains('ptdesc: compiled x86_64.ptdesc (new)')
assert log.contains('ptdesc: compiled linus_x86_64.ptdesc (new)')
assert log.contains('ptdesc: compiled radix6.ptdesc (new)')

// Both executions registered their walkers in the one service file, the test walker in its own.
def services = 'META-INF/services/org.ptdesc.runtime.TreeWalker'
def registered = Files.readAllLines(classes.resolve(services)).findAll { !it.isBlank() }
assert registered.size() == 2 : registered
registered.each { assert Files.isRegularFile(classes.resolve(it.replace('.', '/') + '.class')) : it }
assert Files.readAllLines(testClasses.resolve(services)).findAll { !it.isBlank() }.size() == 1

// The walkers passed the project's own tests, which ran without the compiler on the class path.
assert log.contains('Tests run:') && !log.contains('Tests run: 0,')
assert !Files.exists(classes.resolve('org/ptdesc/compiler'))
return true
