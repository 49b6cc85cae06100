using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Renkei.Architecture.Tests.Reading;

/// <summary>
/// Reads a built assembly's metadata (never loads it): the assemblies it references, and for each of its types every
/// type it uses — base type, interfaces, generic constraints, attributes, the signatures of its fields, methods,
/// properties and events, and in its method bodies the local variables and every type, method and field token of
/// the IL. Lambdas, local functions, iterators and async methods compile to nested types, so their bodies count for
/// the type that declares them.
/// </summary>
public sealed class AssemblyReader
{
    private static readonly OperandType[] OneByteOperands = new OperandType[256];
    private static readonly OperandType[] TwoByteOperands = new OperandType[256];

    static AssemblyReader()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                OneByteOperands[value] = code.OperandType;
            }
            else
            {
                TwoByteOperands[value & 0xFF] = code.OperandType;
            }
        }
    }

    private AssemblyReader(string name, IReadOnlyList<string> references, IReadOnlyList<TypeUse> uses)
    {
        Name = name;
        References = references;
        Uses = uses;
    }

    /// <summary>The assembly's simple name.</summary>
    public string Name { get; }

    /// <summary>The simple names of the assemblies it references.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>
    /// Each distinct (type of this assembly, type it uses) pair, the type's own members and nested types excepted; the
    /// compiler's nested types (closures, state machines) count as the type that declares them.
    /// </summary>
    public IReadOnlyList<TypeUse> Uses { get; }

    public static AssemblyReader Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        var uses = new HashSet<TypeUse>();
        foreach (var handle in reader.TypeDefinitions)
        {
            // A lambda's closure, an iterator or an async state machine is named after the type that declares it.
            var declared = Names.Of(reader, handle);
            var generated = declared.Name.IndexOf("+<", StringComparison.Ordinal);
            var from = generated < 0 ? declared : declared with { Name = declared.Name[..generated] };
            var outermost = new TypeName(from.Namespace, from.Name.Split('+')[0]);
            new TypeScan(pe, reader, to =>
            {
                if (to.Namespace != outermost.Namespace || to.Name.Split('+')[0] != outermost.Name)
                {
                    uses.Add(new TypeUse(from, to));
                }
            }).Scan(handle);
        }

        return new AssemblyReader(reader.GetString(reader.GetAssemblyDefinition().Name), references, [.. uses]);
    }

    /// <summary>The uses of one type definition.</summary>
    private sealed class TypeScan(PEReader pe, MetadataReader reader, Action<TypeName> found)
    {
        private readonly SignatureTypes signatures = new(reader, found);

        public void Scan(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Entity(reader.GetInterfaceImplementation(i).Interface);
            }

            Attributes(type.GetCustomAttributes());
            Constraints(type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                field.DecodeSignature(signatures, null);
                Attributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                property.DecodeSignature(signatures, null);
                Attributes(property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
            {
                var @event = reader.GetEventDefinition(e);
                Entity(@event.Type);
                Attributes(@event.GetCustomAttributes());
            }

            foreach (var m in type.GetMethods())
            {
                Method(reader.GetMethodDefinition(m));
            }
        }

        private void Method(MethodDefinition method)
        {
            method.DecodeSignature(signatures, null);
            Attributes(method.GetCustomAttributes());
            Constraints(method.GetGenericParameters());
            foreach (var p in method.GetParameters())
            {
                Attributes(reader.GetParameter(p).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(signatures, null);
            }

            Il(body.GetILReader());
        }

        private void Il(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                var code = il.ReadByte();
                var operand = code == 0xFE ? TwoByteOperands[il.ReadByte()] : OneByteOperands[code];
                switch (operand)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.ReadByte();
                        break;
                    case OperandType.InlineVar:
                        il.ReadInt16();
                        break;
                    case OperandType.InlineBrTarget:
                    case OperandType.InlineI:
                    case OperandType.ShortInlineR:
                    case OperandType.InlineString:
                        il.ReadInt32();
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.ReadInt64();
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        for (var i = 0; i < targets; i++)
                        {
                            il.ReadInt32();
                        }

                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default:
                        throw new InvalidOperationException($"IL operand type {operand} at offset {il.Offset} is not known to the reader");
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    found(Names.Of(reader, (TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeReference:
                    found(Names.Of(reader, (TypeReferenceHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(signatures, null);
                    break;
                case HandleKind.MethodDefinition:
                    found(Names.Of(reader, reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.FieldDefinition:
                    found(Names.Of(reader, reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(signatures, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(signatures, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(specification.Method);
                    specification.DecodeSignature(signatures, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(signatures, null);
                    }

                    break;
                default:
                    // Module references (P/Invoke) and the like name no type.
                    break;
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                Entity(reader.GetCustomAttribute(a).Constructor);
            }
        }

        private void Constraints(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
            {
                foreach (var c in reader.GetGenericParameter(p).GetConstraints())
                {
                    Entity(reader.GetGenericParameterConstraint(c).Type);
                }
            }
        }
    }
}
