package dev.evalunit.samples;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the type names a class file refers to from its constant pool (JVMS 4.4): the names of
 * class constants and the descriptors of fields, methods and method types it uses.
 */
final class ConstantPool {

  private ConstantPool() {}

  static List<String> typeReferences(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> typeIndexes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7, 16 -> typeIndexes.add(in.readUnsignedShort()); // Class, MethodType
        case 8, 19, 20 -> in.readUnsignedShort(); // String, Module, Package
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // eight-byte constants take two slots
        }
        case 9, 10, 11, 17, 18 -> in.readInt(); // refs, (Invoke)Dynamic
        case 12 -> { // NameAndType: the descriptor is a type reference
          in.readUnsignedShort();
          typeIndexes.add(in.readUnsignedShort());
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    List<String> references = new ArrayList<>();
    for (int index : typeIndexes) {
      references.add(utf8[index]);
    }
    return references;
  }
}
