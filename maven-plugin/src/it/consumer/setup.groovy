// The shipped descriptors are the user's sources here: copy them from the repository's samples,
// so that this project always builds the descriptors the repository ships.
import java.nio.file.*

def target = basedir.toPath().resolve('src/main/ptdesc')
Files.createDirectories(target)
['x86_64.ptdesc', 'linus_x86_64.ptdesc'].each { name ->
    Files.copy(Paths.get(samplesDirectory).resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING)
}
return true
