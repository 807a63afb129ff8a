def test_posts_are_served(client):
    response = client.get("/api/v1/posts")
    assert response.status_code == 200
    assert response.json["total"] == 5
