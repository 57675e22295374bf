FROM nikolaik/python-nodejs:python3.12-nodejs20-slim
COPY . /app
WORKDIR /app/frontend
RUN yarn install && yarn build
WORKDIR /app
RUN pip install -r requirements.txt
EXPOSE 8000
CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]
