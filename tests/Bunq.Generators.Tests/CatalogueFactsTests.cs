using Bunq.Catalogue;
using Bunq.Testing;

namespace Bunq.Generators.Tests;

/// <summary>The facts of data/bunq-facts.txt as the catalogue carries them, and the rules by which they are read.</summary>
public class CatalogueFactsTests
{
    private static BunqCatalogue Catalogue => BunqCatalogue.Embedded;

    private static OperationFacts Facts(string verb, string route) =>
        (Catalogue.Find(verb, route) ?? throw new InvalidOperationException(verb + " " + route + " is not in the catalogue")).Facts;

    [Theory]
    [InlineData("POST", "/installation", "none")]
    [InlineData("POST", "/device-server", "installation")]
    [InlineData("POST", "/session-server", "installation")]
    [InlineData("POST", "/payment-service-provider-credential", "installation")]
    [InlineData("POST", "/sandbox-user-person", "none")]
    [InlineData("GET", "/installation", "session")] // bunq's description: "You must have an active session to make this call"
    [InlineData("GET", "/device-server", "session")]
    [InlineData("GET", "/user/{u}/monetary-account/{a}/payment", "session")]
    public void Each_operation_carries_the_token_bunqs_sdks_send(string verb, string route, string token) =>
        Assert.Equal(token, OperationFacts.TokenName(Facts(verb, route).Token));

    [Fact]
    public void Bunq_insists_on_a_signature_only_where_its_docs_say()
    {
        string[] required = Catalogue.Operations.Where(o => o.Facts.SignatureRequired).Select(o => o.Verb + " " + o.RouteKey).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
        [
            "POST /payment-service-provider-credential",
            "POST /session-server",
            "POST /user/{}/monetary-account/{}/payment",
            "POST /user/{}/monetary-account/{}/payment-batch",
            "POST /user/{}/monetary-account/{}/schedule-payment",
            "POST /user/{}/monetary-account/{}/schedule-payment-batch",
            "PUT /user/{}/monetary-account/{}/draft-payment/{}",
            "PUT /user/{}/monetary-account/{}/request-response/{}",
        ], required);
    }

    [Fact]
    public void Rate_classes_follow_the_verb_and_session_server_has_its_own()
    {
        Assert.Equal("get", Facts("GET", "/user").RateClass);
        Assert.Equal("post", Facts("POST", "/installation").RateClass);
        Assert.Equal("put", Facts("PUT", "/user-person/{id}").RateClass);
        Assert.Null(Facts("DELETE", "/session/{id}").RateClass);
        Assert.Equal("session-server", Facts("POST", "/session-server").RateClass);
        Assert.Equal((1, 30), (Catalogue.RateLimit("session-server")!.Calls, Catalogue.RateLimit("session-server")!.Seconds));
        Assert.Equal((3, 3), (Catalogue.RateLimit("get")!.Calls, Catalogue.RateLimit("get")!.Seconds));
    }

    [Fact]
    public void Attachment_uploads_and_every_content_read_are_raw_bytes()
    {
        var rawBodies = Catalogue.Operations.Where(o => o.Facts.RawBody).Select(o => o.Verb + " " + o.RouteKey).ToArray();
        var contentReads = Catalogue.Operations.Where(o => o.Verb == "GET" && (o.RouteKey.EndsWith("/content", StringComparison.Ordinal) || o.RouteKey.EndsWith("/pdf-content", StringComparison.Ordinal))).ToList();

        Assert.Equal(["POST /attachment-public", "POST /user/{}/monetary-account/{}/attachment"], rawBodies);
        Assert.True(contentReads.Count >= 10, "bunq's description has a dozen content reads");
        Assert.All(contentReads, o => Assert.True(o.Facts.RawAnswer, o.Route));
        Assert.Equal(contentReads.Count, Catalogue.Operations.Count(o => o.Facts.RawAnswer));
        Assert.All(Catalogue.Operations.Where(o => o.Facts.RawBody), o => Assert.Equal(["X-Bunq-Attachment-Description"], o.Facts.RequiredHeaders));
        Assert.False(Facts("POST", "/user/{u}/monetary-account/{a}/payment/{p}/note-attachment").RawBody); // JSON linking an attachment
    }

    [Fact]
    public void Only_the_three_calls_that_make_the_context_are_context_routes() =>
        Assert.Equal(["POST /device-server", "POST /installation", "POST /session-server"],
            Catalogue.Operations.Where(o => o.Facts.IsContext).Select(o => o.Verb + " " + o.Route).Order(StringComparer.Ordinal));

    [Fact]
    public void The_descriptions_known_faults_are_corrected()
    {
        BunqObjectType filter = Catalogue.Type("NotificationFilterUrl")!;
        Assert.Equal(["notification_filters", "category", "notification_target"], filter.Fields.Select(f => f.Name));
        // A draft payment's request sends its counterparty as a Pointer; its answers keep the description's label.
        string label = Catalogue.Type("DraftPaymentEntry")!.Field("counterparty_alias")!.ObjectType!;
        Assert.Equal(("LabelMonetaryAccount", "Pointer"), (label, Catalogue.SentAs(label)));
        Assert.Equal("Amount", Catalogue.SentAs("Amount"));
        Assert.NotNull(Catalogue.Type("Pointer"));
        Assert.Equal(["Uuid"], Catalogue.Type(Catalogue.Find("POST", "/attachment-public")!.ResponseType)!.Fields.Select(f => f.Name));
        Assert.Equal("CustomerStatement", Facts("GET", "/user/{u}/monetary-account/{a}/customer-statement/{id}").AnswerObject);
        Assert.Equal("CardUserNameArray", Facts("GET", "/user/{u}/card-name").AnswerObject);
        BunqOperation accept = Catalogue.Find("PUT", "/user/{u}/monetary-account/{a}/request-response/{id}")!;
        Assert.Equal(("RequestResponseRead", "RequestResponse"), (accept.ResponseType, accept.Facts.AnswerObject));
    }

    [OpenApiFact]
    public void Every_fact_names_an_operation_of_bunqs_description()
    {
        BunqFacts facts = BunqFacts.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "data", "bunq-facts.txt")));

        Assert.Empty(facts.Unmatched(Catalogue.Operations));
    }

    [Fact]
    public void The_last_matching_fact_wins_and_star_matches_any_run_of_characters()
    {
        BunqFacts facts = BunqFacts.Parse("token\t*\t*\tsession\tsrc\ntoken\tGET\t/a/*/c\tnone\tsrc\ntoken\t*\t/a/{}/c\tinstallation\tsrc\n");

        Assert.Equal(OperationToken.Installation, facts.For("GET", "/a/{x}/c").Token);
        Assert.Equal(OperationToken.None, facts.For("GET", "/a/b/d/c").Token);
        Assert.Equal(OperationToken.Session, facts.For("POST", "/a/b/d/c").Token);
        Assert.Equal(OperationToken.Session, facts.For("GET", "/a/b/c/d").Token);
    }

    [Theory]
    [InlineData("token\t*\t*\tsession", "line 1: 'token' takes a verb, a route, a value and a source")]
    [InlineData("# comment\n\ntoken\t*\t*\tsometimes\tsrc", "line 3: 'sometimes' is not a value of 'token'")]
    [InlineData("colour\t*\t*\tblue\tsrc", "line 1: 'colour' with 4 cells is not a kind")]
    [InlineData("limit\tget\tthree\t3\tsrc", "line 1: 'limit' with 4 cells")]
    public void A_malformed_fact_fails_the_derivation_naming_its_line(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => BunqFacts.Parse(text)).Message, StringComparison.Ordinal);
}
