// The shipped x86-64 and EPT descriptors are the user's sources here.
import java.nio.file.*

def target = basedir.toPath().resolve('src/main/ptdesc')
Files.createDirectories(target)
['x86_64.ptdesc', 'intel_ept.ptdesc'].each { name ->
    Files.copy(Paths.get(samplesDirectory).resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING)
}
return true
