from gonghui.conftest import VALID_IDS


def test_home_welcomes_an_anonymous_visitor(client, db):
    response = client.get("/m/")
    assert response.status_code == 200
    assert "登录 / 注册" in response.content.decode()


def test_home_shows_the_workers_status(make_worker, worker_client):
    worker = make_worker("13900000001", name="李四", id_number=VALID_IDS[0])
    page = worker_client(worker).get("/m/").content.decode()
    assert "你好，李四" in page
    assert "已实名认证" in page
    assert "已认证会员" not in page
