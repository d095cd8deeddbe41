import java.nio.file.*

def log = new File(basedir, 'build.log').text
def classes = basedir.toPath().resolve('target/classes')
def walkers = classes.resolve('org/ptdesc/walkers')

// Build 1 compiled both; build 2 found its state damaged and said so.
assert log.count('ptdesc: compiled linus_x86_64.ptdesc (new)') == 1
assert log =~ /\[WARNING\] ptdesc: the state of the last build, \S+compile-default\.state, is damaged \(truncated/
assert log.count('ptdesc: compiled x86_64.ptdesc (new)') == 2 : 'build 2 compiles everything again'

// The walker of the descriptor deleted while the state was damaged is gone, with its service line.
assert !Files.exists(walkers.resolve('Linus_X86_64Walker.class'))
assert Files.isRegularFile(walkers.resolve('X86_64Walker.class'))
def services = Files.readAllLines(classes.resolve('META-INF/services/org.ptdesc.runtime.TreeWalker'))
assert services == ['org.ptdesc.walkers.X86_64Walker'] : services

// And the state is sound again.
def state = Files.readAllLines(basedir.toPath().resolve('target/ptdesc/compile-default.state'))
assert state.first() == 'ptdesc-state 2' && state.last() == 'end'
return true
