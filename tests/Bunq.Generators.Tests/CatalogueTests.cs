using System.Text.Json;
using Bunq.Catalogue;
using Bunq.Testing;

namespace Bunq.Generators.Tests;

public class CatalogueTests
{
    private static BunqCatalogue Catalogue => BunqCatalogue.Embedded;

    [OpenApiFact]
    public void Every_operation_and_every_body_field_of_bunqs_openapi_is_in_the_catalogue()
    {
        // Read independently with System.Text.Json, so a mistake of the derivation's own JSON reader shows here.
        using var document = JsonDocument.Parse(File.ReadAllText(OpenApiFactAttribute.SwaggerPath));
        JsonElement schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        int operations = 0;
        foreach (JsonProperty path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (JsonProperty verb in path.Value.EnumerateObject().Where(v => v.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                operations++;
                BunqOperation? operation = Catalogue.Find(verb.Name.ToUpperInvariant(), path.Name);
                Assert.True(operation is not null, $"{verb.Name} {path.Name} is missing");
                Assert.Equal(path.Name, operation.Route);
                if (verb.Value.TryGetProperty("requestBody", out JsonElement body))
                {
                    string reference = body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
                    string name = reference[(reference.LastIndexOf('/') + 1)..];
                    Assert.Equal(name, operation.RequestType);
                    var expected = schemas.GetProperty(name).TryGetProperty("properties", out JsonElement properties)
                        ? properties.EnumerateObject().Select(p => p.Name).ToList()
                        : [];
                    // In the description's order; data/bunq-facts.txt may add fields (CorrectionTests pins which).
                    Assert.Equal(expected, Catalogue.Type(name)!.Fields.Select(f => f.Name).Where(expected.Contains));
                }
            }
        }

        Assert.Equal(480, operations);
        Assert.Equal(operations, Catalogue.Operations.Count);
    }

    [Fact]
    public void A_payment_is_described_with_its_fields_and_the_descriptions_quirks()
    {
        BunqOperation create = Catalogue.Find("POST", "/user/{userID}/monetary-account/{monetary-accountID}/payment")!;
        BunqObjectType payment = Catalogue.Type(create.RequestType)!;

        Assert.Equal("Payment", create.RequestType);
        Assert.Equal("PaymentCreate", create.ResponseType);
        Assert.False(create.ResponseIsList);
        Assert.Equal("amount\tobject\tAmount\t-", payment.Field("amount")!.ToString());
        Assert.Equal("attachment\tobject\tAttachmentMonetaryAccountPayment\ta", payment.Field("attachment")!.ToString());
        Assert.True(payment.Field("id")!.ReadOnly);
        Assert.True(payment.Field("allow_bunqto")!.WriteOnly);
        // The writable counterparty_alias is described by its response type, whose fields are all read-only.
        Assert.False(payment.Field("counterparty_alias")!.ReadOnly);
        Assert.False(Catalogue.Type("LabelMonetaryAccount")!.DescribesWrites);
        Assert.True(Catalogue.Type("Amount")!.DescribesWrites);

        BunqOperation list = Catalogue.Find("GET", "/user/{userID}/monetary-account/{monetary-accountID}/payment")!;
        Assert.Equal("PaymentListing", list.ResponseType);
        Assert.True(list.ResponseIsList);
        Assert.Null(list.RequestType);
    }

    [Fact]
    public void Routes_match_by_placeholder_position_whatever_the_names_and_without_the_query()
    {
        var verbs = Catalogue.OperationsAt("/user/{userId}/monetary-account/{accountId}/payment?count=10").Select(o => o.Verb);

        Assert.Equal(["GET", "POST"], verbs.Order(StringComparer.Ordinal));
        Assert.Empty(Catalogue.OperationsAt("/user/{userId}/monetary-acount-bank"));
        Assert.Empty(Catalogue.OperationsAt("/user/42/monetary-account-bank"));
        Assert.Null(Catalogue.Find("PUT", "/user/{u}/monetary-account/{a}/payment"));
        Assert.Equal("/user/{}/monetary-account/{}/payment", CatalogueRoute.Key("/user/{a}/monetary-account/{b}/payment?x={y}"));
    }

    [Fact]
    public void The_nearest_route_to_a_typo_is_the_route_meant_and_keeps_the_callers_placeholder_names()
    {
        IReadOnlyList<string> nearest = Catalogue.NearestRoutes("/user/{userId}/monetary-acount-bank", 3);

        Assert.Equal(["/user/{userID}/monetary-account-bank"], nearest);
        Assert.Equal("/user/{userId}/monetary-account-bank", CatalogueRoute.WithPlaceholdersOf(nearest[0], "/user/{userId}/monetary-acount-bank"));
        Assert.Equal("/user/{userID}/payment", CatalogueRoute.WithPlaceholdersOf("/user/{userID}/payment", "/user/payment"));
        Assert.Equal(3, CatalogueRoute.Distance("kitten", "sitting"));
    }

    [Fact]
    public void The_embedded_catalogue_is_read_once_per_process()
    {
        Assert.Same(BunqCatalogue.Embedded, BunqCatalogue.Embedded);
        Assert.Equal(Catalogue.ToText(), BunqCatalogue.Parse(new StringReader(Catalogue.ToText())).ToText());
    }

    [Fact]
    public void A_small_openapi_document_is_read_into_operations_and_types()
    {
        const string json = """
            { "paths": { "/thing/{id}": { "put": {
                  "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                  "responses": { "200": { "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Thing" } } } } } } },
                "parameters": [] } },
              "components": { "schemas": { "Thing": { "type": "object", "required": ["name"], "properties": {
                  "name": { "type": "string", "description": "say \"hi\" \u00e9" },
                  "tags": { "type": "array", "items": { "type": "string" }, "readOnly": true },
                  "size": { "type": "integer", "writeOnly": true, "minimum": -1.5e3 } } } } } }
            """;

        BunqCatalogue catalogue = OpenApiCatalogue.Parse(json, BunqFacts.Parse("limit\tput\t2\t3\tsrc\nrate\tPUT\t*\tput\tsrc\n"));

        Assert.Equal("L\tput\t2\t3\nO\tPUT\t/thing/{id}\tThing\tThing[]\tsession\toptional\tput\t-\t-\t-\t-\nT\tThing\nF\tname\tstring\t-\tq\nF\ttags\tstring\t-\tar\nF\tsize\tinteger\t-\tw\n", catalogue.ToText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"paths\": [1, 2,]}")]
    [InlineData("{\"a\": \"\\x\"}")]
    [InlineData("[] []")]
    [InlineData("{\"components\": {}}")]
    [InlineData("nul")]
    public void A_broken_openapi_document_is_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => OpenApiCatalogue.Parse(json, BunqFacts.Embedded));

    [Fact]
    public void A_deeply_nested_document_is_a_format_error_not_a_stack_overflow() =>
        Assert.Throws<FormatException>(() => JsonLite.Parse(new string('[', 100_000)));
}
