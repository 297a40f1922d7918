using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The objects written straight (<see cref="ObjectFactory.Write{T}"/>: a person, a payment) are the bytes the node tree of
/// <see cref="ObjectFactory.Build"/> gives for the same values, and a raw node in a tree stays what it was written as.
/// </summary>
public sealed class ObjectFactoryWriteTests
{
    private static readonly User Owner = new(7, UserKind.Person, "Ann Smith", 3600);

    private static ObjectFactory Factory() =>
        new(BunqCatalogue.Embedded, new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00.1234567Z", CultureInfo.InvariantCulture)));

    [Fact]
    public void Every_readable_type_written_with_nothing_known_is_what_Build_makes_up()
    {
        ObjectFactory factory = Factory();
        int compared = 0;
        foreach (BunqObjectType type in BunqCatalogue.Embedded.Types.Where(t => t.IsDescribed && t.Name.EndsWith("Read", StringComparison.Ordinal)))
        {
            string built = factory.Build(type.Name, 42, Owner, new JsonObject()).ToJsonString();
            string written = Written(w => factory.Write(w, type.Name, 42, Owner, 0, static (_, _, _) => false));
            Assert.Equal(built, written);
            compared++;
        }

        Assert.True(compared > 100, $"only {compared} types compared");
    }

    [Fact]
    public void Known_fields_take_their_place_in_the_schemas_order()
    {
        ObjectFactory factory = Factory();
        JsonObject built = factory.Build("PaymentRead", 5, Owner, new JsonObject { ["description"] = "Lunch & <more>", ["batch_id"] = 9, ["alias"] = null });
        string written = Written(w => factory.Write(w, "PaymentRead", 5, Owner, 0, static (writer, name, _) =>
        {
            switch (name.Value)
            {
                case "description":
                    writer.WriteString(name, "Lunch & <more>");
                    return true;
                case "batch_id":
                    writer.WriteNumber(name, 9);
                    return true;
                case "alias":
                    writer.WriteNull(name);
                    return true;
                default:
                    return false;
            }
        }));

        Assert.Equal(built.ToJsonString(), written);
    }

    [Fact]
    public void A_raw_node_is_written_as_it_is_and_copies_as_the_same_json()
    {
        byte[] text = Encoding.UTF8.GetBytes("""{"a":[1,"\u00E9\u003C"],"b":null}"""); // as a Utf8JsonWriter escapes "é<"
        var tree = new JsonObject { ["x"] = BunqJsonWriter.Raw(text), ["y"] = 2 };

        Assert.Equal("""{"x":{"a":[1,"\u00E9\u003C"],"b":null},"y":2}""", tree.ToJsonString());
        Assert.Equal(tree.ToJsonString(), tree.DeepClone().ToJsonString());
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
