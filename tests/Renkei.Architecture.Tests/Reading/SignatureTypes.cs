using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Renkei.Architecture.Tests.Reading;

/// <summary>Decodes a signature (of a field, method, property, local variables or type specification) into the named types it mentions.</summary>
internal sealed class SignatureTypes(MetadataReader reader, Action<TypeName> found) : ISignatureTypeProvider<SignatureTypes.Nothing, object?>
{
    public Nothing GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        found(Names.Of(reader, handle));
        return default;
    }

    public Nothing GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
    {
        found(Names.Of(reader, handle));
        return default;
    }

    public Nothing GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public Nothing GetArrayType(Nothing elementType, ArrayShape shape) => default;

    public Nothing GetByReferenceType(Nothing elementType) => default;

    public Nothing GetFunctionPointerType(MethodSignature<Nothing> signature) => default;

    public Nothing GetGenericInstantiation(Nothing genericType, ImmutableArray<Nothing> typeArguments) => default;

    public Nothing GetGenericMethodParameter(object? genericContext, int index) => default;

    public Nothing GetGenericTypeParameter(object? genericContext, int index) => default;

    public Nothing GetModifiedType(Nothing modifier, Nothing unmodifiedType, bool isRequired) => default;

    public Nothing GetPinnedType(Nothing elementType) => default;

    public Nothing GetPointerType(Nothing elementType) => default;

    public Nothing GetPrimitiveType(PrimitiveTypeCode typeCode) => default;

    public Nothing GetSZArrayType(Nothing elementType) => default;

    /// <summary>The decoder's result, unused: the types are reported as they are met.</summary>
    public readonly struct Nothing;
}

/// <summary>Names of type definitions and references.</summary>
internal static class Names
{
    public static TypeName Of(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            var outer = Of(reader, declaring);
            return new TypeName(outer.Namespace, outer.Name + "+" + name);
        }

        return new TypeName(reader.GetString(type.Namespace), name);
    }

    public static TypeName Of(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            var outer = Of(reader, (TypeReferenceHandle)type.ResolutionScope);
            return new TypeName(outer.Namespace, outer.Name + "+" + name);
        }

        return new TypeName(reader.GetString(type.Namespace), name);
    }
}
