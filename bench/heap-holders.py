#!/usr/bin/env python3
"""Who holds the large arrays of a heap dump: for every byte[] (a String's or a buffer's) of at least MIN bytes, the
chain of references that keeps it, from the array outward (class and field at each step, a class's static field at the
end when that is what holds it), summed by chain. Reads an HPROF file as `jcmd <pid> GC.heap_dump FILE` writes it.
Usage: bench/heap-holders.py FILE [MIN bytes, default 1000000] [chain length, default 8]
"""
import collections
import struct
import sys

path = sys.argv[1]
MIN = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
DEPTH = int(sys.argv[3]) if len(sys.argv) > 3 else 8
data = open(path, 'rb').read()
p = data.index(b'\0') + 1
if struct.unpack('>I', data[p:p + 4])[0] != 8:
    sys.exit('only dumps with 8-byte identifiers are read')
p += 12
SIZE = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}  # HPROF basic types: 2 is a reference
ROOT_SKIP = {0xff: 8, 1: 16, 2: 16, 3: 16, 4: 12, 5: 8, 6: 12, 7: 8, 8: 16}
strings, class_name, classes, instances, object_arrays, byte_arrays, statics = {}, {}, {}, {}, {}, {}, []


def u4(q):
    return struct.unpack_from('>I', data, q)[0]


def ref(q):
    return struct.unpack_from('>Q', data, q)[0]


while p < len(data):
    tag, length = data[p], u4(p + 5)
    p += 9
    end = p + length
    if tag == 0x01:  # STRING
        strings[ref(p)] = data[p + 8:end].decode('utf8', 'replace')
    elif tag == 0x02:  # LOAD CLASS
        class_name[ref(p + 4)] = ref(p + 16)
    elif tag in (0x0c, 0x1c):  # HEAP DUMP (SEGMENT)
        q = p
        while q < end:
            sub = data[q]
            q += 1
            if sub in ROOT_SKIP:
                q += ROOT_SKIP[sub]
            elif sub == 0x20:  # CLASS DUMP
                cid, sup = ref(q), ref(q + 12)
                q += 8 + 4 + 8 * 6 + 4
                n = struct.unpack_from('>H', data, q)[0]
                q += 2
                for _ in range(n):  # constant pool: index, type, value
                    q += 3 + SIZE[data[q + 2]]
                n = struct.unpack_from('>H', data, q)[0]
                q += 2
                for _ in range(n):  # static fields
                    t = data[q + 8]
                    if t == 2 and ref(q + 9):
                        statics.append((cid, ref(q), ref(q + 9)))
                    q += 9 + SIZE[t]
                n = struct.unpack_from('>H', data, q)[0]
                q += 2
                fields = []
                for _ in range(n):
                    fields.append((ref(q), data[q + 8]))
                    q += 9
                classes[cid] = (sup, fields)
            elif sub == 0x21:  # INSTANCE DUMP
                n = u4(q + 20)
                instances[ref(q)] = (ref(q + 12), q + 24)
                q += 24 + n
            elif sub == 0x22:  # OBJECT ARRAY DUMP
                n = u4(q + 12)
                object_arrays[ref(q)] = (q + 24, n, ref(q + 16))
                q += 24 + 8 * n
            elif sub == 0x23:  # PRIMITIVE ARRAY DUMP
                n, t = u4(q + 12), data[q + 16]
                if t == 8:
                    byte_arrays[ref(q)] = n
                q += 17 + SIZE[t] * n
            else:
                sys.exit('unknown heap dump record 0x%x' % sub)
    p = end


def name_of(cid):
    return strings.get(class_name.get(cid), '?')


layouts = {}


def layout(cid):
    if cid not in layouts:
        out, c = [], cid
        while c in classes:
            sup, fields = classes[c]
            out.extend((strings.get(n, '?'), t) for n, t in fields)
            c = sup
        layouts[cid] = out
    return layouts[cid]


holders = collections.defaultdict(list)
for oid, (cid, q) in instances.items():
    for field, t in layout(cid):
        if t == 2 and ref(q):
            holders[ref(q)].append((oid, field))
        q += SIZE[t]
for oid, (q, n, _) in object_arrays.items():
    for i in range(n):
        if ref(q + 8 * i):
            holders[ref(q + 8 * i)].append((oid, '[]'))
for cid, field, value in statics:
    holders[value].append((('class', cid), 'static ' + strings.get(field, '?')))


def describe(o):
    if isinstance(o, tuple):
        return 'class ' + name_of(o[1])
    if o in instances:
        return name_of(instances[o][0])
    return name_of(object_arrays[o][2]) + '[%d]' % object_arrays[o][1]


def chain(o):
    steps, seen = [], {o}
    while len(steps) < DEPTH and not isinstance(o, tuple) and holders.get(o):
        holder, field = holders[o][0]
        if holder in seen:
            break
        seen.add(holder)
        steps.append('%s.%s' % (describe(holder), field))
        o = holder
    return ' <- '.join(steps) or '(unreferenced)'


large = {o: n for o, n in byte_arrays.items() if n >= MIN}
print('byte[] in the dump: %.1f MB; %d of at least %d bytes: %.1f MB' % (
    sum(byte_arrays.values()) / 1e6, len(large), MIN, sum(large.values()) / 1e6))
total, count = collections.Counter(), collections.Counter()
for o, n in large.items():
    c = chain(o)
    total[c] += n
    count[c] += 1
for c, n in total.most_common(25):
    print('%8.2f MB %4d  %s' % (n / 1e6, count[c], c))
