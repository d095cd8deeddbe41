import java.nio.file.*

def log = new File(basedir, 'build.log').text

// radix_lower.ptdesc is compiled first (sorted order); radix_upper.ptdesc clashes with it.
assert log.contains('ptdesc: compiled radix_lower.ptdesc (new): org.ptdesc.walkers.RadixaWalker')
assert log =~ /\[ERROR\] \S*radix_upper\.ptdesc: error: tree radixA compiles to org\.ptdesc\.walkers\.RadixAWalker, whose class file on a case-insensitive file system is that of org\.ptdesc\.walkers\.RadixaWalker, which \S*radix_lower\.ptdesc already defines; rename one of the trees/
assert log.contains('ptdesc: 1 error in 1 descriptor')
assert !Files.exists(basedir.toPath().resolve('target/classes/org/ptdesc/walkers/RadixAWalker.class'))
return true
