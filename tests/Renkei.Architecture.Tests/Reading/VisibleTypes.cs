using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Renkei.Architecture.Tests.Reading;

/// <summary>The types of a built assembly that other assemblies can see: public, and nested only in such types.</summary>
public static class VisibleTypes
{
    /// <summary>The visible types of our assembly <paramref name="assembly"/> (a simple name of <see cref="OurAssemblies.Names"/>).</summary>
    public static IReadOnlyList<TypeName> Of(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(Path.Combine(AppContext.BaseDirectory, assembly + ".dll")));
        var reader = pe.GetMetadataReader();
        return [.. reader.TypeDefinitions.Where(h => IsVisible(reader, h)).Select(h => Name(reader, h))];
    }

    private static bool IsVisible(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        return visibility switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic => IsVisible(reader, type.GetDeclaringType()),
            _ => false,
        };
    }

    private static TypeName Name(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        if (declaring.IsNil)
        {
            return new TypeName(reader.GetString(type.Namespace), reader.GetString(type.Name));
        }

        var outer = Name(reader, declaring);
        return outer with { Name = outer.Name + "+" + reader.GetString(type.Name) };
    }
}
