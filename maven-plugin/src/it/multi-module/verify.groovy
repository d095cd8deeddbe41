import java.nio.file.*

def log = new File(basedir, 'build.log').text
assert log.contains('ptdesc: compiled alpha.ptdesc (new)')
assert log.contains('ptdesc: compiled beta.ptdesc (new)')
assert log.contains('BUILD SUCCESS')
assert log.contains('thread count of 2') : 'not built in parallel'

// Each module has exactly its own walker, in its own package, registered in its own output.
['alpha', 'beta'].each { module ->
    def classes = Paths.get(basedir.path, module, 'target/classes')
    def registered = Files.readAllLines(classes.resolve('META-INF/services/org.ptdesc.runtime.TreeWalker'))
    assert registered.size() == 1 : registered
    assert registered[0].startsWith("org.ptdesc.it.${module}.") : registered
    assert Files.isRegularFile(classes.resolve(registered[0].replace('.', '/') + '.class'))
}
return true
