using Dispatch.Domain.Integration;
using NodaTime;

namespace Dispatch.Domain.Tests;

public class WebhookFilterTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 12, 2, 6, 0);

    private static WebhookState Registered(IReadOnlyList<string> types, IReadOnlyList<int> grids, long sequence) =>
        WebhookState.Evolve(null, new WebhookRegistered(Guid.NewGuid(), "api-key:x", "https://r.example/h", types, grids, "api-key:x", At), sequence)!;

    [Fact]
    public void Only_events_stored_between_registration_and_removal_go_out()
    {
        var webhook = Registered(["incident.reported.v1"], [], sequence: 100);
        Assert.False(webhook.Wants(99, "incident.reported.v1", [7]));
        Assert.False(webhook.Wants(100, "incident.reported.v1", [7]));
        Assert.True(webhook.Wants(101, "incident.reported.v1", [7]));

        var removed = WebhookState.Evolve(webhook, new WebhookRemoved(webhook.Id, "api-key:x", At), 200)!;
        Assert.False(removed.Active);
        Assert.True(removed.Wants(199, "incident.reported.v1", [7]));
        Assert.False(removed.Wants(201, "incident.reported.v1", [7]));
    }

    [Fact]
    public void Contract_and_grid_filters_hold_and_county_wide_events_pass_every_grid_filter()
    {
        var webhook = Registered(["incident.reported.v1", "duty-level.changed.v1"], [3, 7], sequence: 0);
        Assert.True(webhook.Wants(1, "incident.reported.v1", [7]));
        Assert.False(webhook.Wants(1, "incident.reported.v1", [5]));
        Assert.False(webhook.Wants(1, "unit.dispatched.v1", [7]));
        Assert.True(webhook.Wants(1, "duty-level.changed.v1", []));
        Assert.True(webhook.Wants(1, "incident.reported.v1", [5, 3])); // a point shared by two grids

        var everywhere = Registered(["incident.reported.v1"], [], sequence: 0);
        Assert.True(everywhere.Wants(1, "incident.reported.v1", [5]));
    }

    [Fact]
    public void Only_the_owner_removes_a_webhook_and_removing_again_changes_nothing()
    {
        var webhook = Registered(["incident.reported.v1"], [], sequence: 0);
        Assert.Equal(RejectionKind.NotFound, WebhookDecider.Remove(webhook, "api-key:someone-else", At).Rejection?.Kind);
        Assert.Equal(RejectionKind.NotFound, WebhookDecider.Remove(null, "api-key:x", At).Rejection?.Kind);
        var removed = WebhookDecider.Remove(webhook, "api-key:x", At);
        var evt = Assert.IsType<WebhookRemoved>(Assert.Single(removed.Events));
        Assert.True(WebhookDecider.Remove(WebhookState.Evolve(webhook, evt, 5), "api-key:x", At).IsNoOp);
    }
}
