// Two of the shipped descriptors, copied from the repository's samples.
import java.nio.file.*

def target = basedir.toPath().resolve('src/main/ptdesc')
Files.createDirectories(target)
['x86_64.ptdesc', 'linus_x86_64.ptdesc'].each { name ->
    Files.copy(Paths.get(samplesDirectory).resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING)
}
return true
