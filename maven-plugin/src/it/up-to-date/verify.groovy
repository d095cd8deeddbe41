import java.nio.file.*

// build.log holds both builds, one after the other.
def log = new File(basedir, 'build.log').text
assert log.count('ptdesc: compiled x86_64.ptdesc (new)') == 1
assert log.count('ptdesc: compiled linus_x86_64.ptdesc (new)') == 1
assert log.count('ptdesc: compiled ') == 2 : 'the second build compiled something'
def upToDate = log.indexOf('ptdesc: nothing to compile, all 2 descriptors up to date')
assert upToDate > log.indexOf('ptdesc: compiled linus_x86_64.ptdesc') : 'the second build did not say up to date'

// The second build wrote nothing: every generated file still has the time antrun gave it.
def classes = Paths.get(basedir.path, 'target/classes')
def aged = Files.getLastModifiedTime(classes.resolve('META-INF/services/org.ptdesc.runtime.TreeWalker')).toMillis()
def generated = Files.readAllLines(classes.resolve('META-INF/services/org.ptdesc.runtime.TreeWalker'))
assert generated.size() == 2 : generated
generated.each { name ->
    def file = classes.resolve(name.replace('.', '/') + '.class')
    assert Files.getLastModifiedTime(file).toMillis() == aged : "$file was rewritten"
}
assert aged < java.time.Instant.parse('2001-01-03T00:00:00Z').toEpochMilli() : 'antrun did not age the files'
return true
