using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Elderly;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>
/// Races on the care registry and the shelters, on a real store over real HTTP: one device never ends on two people,
/// and a person relocated to two shelters at once ends in exactly one, every shelter's occupants matching its events.
/// </summary>
public class CareRaceTests
{
    private const double Lat = 33.4456646, Lon = 113.6189944; // 贾湖广场
    private const string JiahuShelter = "97e08f9b-0748-5cbf-a7e3-e93657470ec5";
    private const string ChangjianShelter = "3275e264-4146-5785-9d94-4488546abe96";

    private static object Person(string name, string? deviceId) => new
    {
        name, phone = "13903957712", address = "舞阳县舞泉镇贾湖路18号", location = new { lat = Lat, lon = Lon, datum = "WGS-84" },
        householdCode = "410721-0001", needs = new[] { "mobility" }, notes = "独居", contacts = Array.Empty<object>(), deviceId,
    };

    private static async Task<List<VulnerablePersonState>> Holders(ApiHost api, string device)
    {
        await using var session = api.Store.QuerySession();
        return [.. await session.Query<VulnerablePersonState>().Where(p => p.ActiveDeviceId == device).ToListAsync()];
    }

    [Fact]
    public async Task Concurrent_registrations_with_the_same_new_device_let_exactly_one_person_hold_it()
    {
        await using var api = await ApiHost.StartAsync();
        for (var round = 0; round < 6; round++)
        {
            var device = $"YJHJ-RACE-{round}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                api.Client.PostAsJsonAsync("/vulnerable-people", Person($"老人{round}-{i}", device))));
            var statuses = answers.Select(a => a.StatusCode).ToList();
            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
            foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
                Assert.Equal("device-in-use", (string)(await api.Json(refused))["title"]!);
            Assert.Single(await Holders(api, device));
        }
    }

    [Fact]
    public async Task Concurrent_updates_moving_two_people_onto_the_same_device_let_exactly_one_hold_it()
    {
        await using var api = await ApiHost.StartAsync();
        for (var round = 0; round < 6; round++)
        {
            var people = new List<string>();
            for (var i = 0; i < 4; i++)
                people.Add((string)(await api.Json(await api.Client.PostAsJsonAsync("/vulnerable-people", Person($"老人{round}-{i}", null))))["id"]!);
            var device = $"YJHJ-MOVE-{round}";
            var answers = await Task.WhenAll(people.Select((id, i) =>
                api.Client.PutAsJsonAsync($"/vulnerable-people/{id}", Person($"老人{round}-{i}", device))));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
            Assert.Single(await Holders(api, device));
        }
    }

    [Fact]
    public async Task A_person_relocated_to_two_shelters_at_once_ends_in_exactly_one_and_occupancy_matches_the_events()
    {
        await using var api = await ApiHost.StartAsync();
        foreach (var shelter in new[] { JiahuShelter, ChangjianShelter })
            Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsJsonAsync($"/shelters/{shelter}/open", new { reason = "暴雨转移" })).StatusCode);
        for (var round = 0; round < 5; round++)
        {
            var person = Guid.Parse((string)(await api.Json(await api.Client.PostAsJsonAsync("/vulnerable-people", Person($"老人{round}", null))))["id"]!);
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => api.Client.PostAsJsonAsync("/relocations",
                new { personId = person, shelterId = i % 2 == 0 ? JiahuShelter : ChangjianShelter, reason = "暴雨转移" })));
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));

            await using var session = api.Store.QuerySession();
            var state = await session.LoadAsync<VulnerablePersonState>(person);
            var shelters = await session.Query<ShelterState>().ToListAsync();
            var holding = shelters.Where(s => s.Occupants.Any(o => o.PersonId == person)).Select(s => s.Id).ToList();
            Assert.Single(holding);
            Assert.Equal(holding[0], state!.ShelterId);
            foreach (var shelter in shelters)
            {
                var events = await session.Events.FetchStreamAsync(shelter.Id);
                var inside = events.Count(e => e.Data is ShelterOccupantAdmitted) - events.Count(e => e.Data is ShelterOccupantLeft);
                Assert.Equal(inside, shelter.Occupants.Count);
                // Each admission and departure records the count after it; they chain without a gap.
                var counted = 0;
                foreach (var e in events)
                {
                    if (e.Data is ShelterOccupantAdmitted a) Assert.Equal(++counted, a.OccupantsAfter);
                    if (e.Data is ShelterOccupantLeft l) Assert.Equal(--counted, l.OccupantsAfter);
                }
            }
            // The person's own events agree: the last relocation names the shelter the person is in.
            var moves = (await session.Events.FetchStreamAsync(person)).Select(e => e.Data).OfType<PersonRelocated>().ToList();
            Assert.Equal(holding[0], moves[^1].ToShelterId);
            for (var i = 1; i < moves.Count; i++) Assert.Equal(moves[i - 1].ToShelterId, moves[i].FromShelterId);
        }
    }
}
