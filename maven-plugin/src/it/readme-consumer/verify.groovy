import java.nio.file.*
import java.util.jar.JarFile

def log = new File(basedir, 'build.log').text
assert log.contains('ptdesc: compiled x86_64.ptdesc (new)')
assert log.contains('maven-compiler-plugin:3.14.0:compile')
assert log.contains('BUILD SUCCESS')

// The jar carries the walker, its registration and the project's own class.
new JarFile(new File(basedir, 'target/mmu-tools-1.0.jar')).withCloseable { jar ->
    assert jar.getEntry('org/ptdesc/walkers/X86_64Walker.class') != null
    assert jar.getEntry('com/example/Mmu.class') != null
    def services = jar.getInputStream(jar.getEntry('META-INF/services/org.ptdesc.runtime.TreeWalker')).text
    assert services.readLines() == ['org.ptdesc.walkers.X86_64Walker'] : services
}
return true
